/* files.h -- files kept with a record (images, attachments): stored from a multipart upload, listed, served back */
#ifndef ZM_FILES_H
#define ZM_FILES_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "inventory/module.h"

/* The file part of the request's multipart form named `field`, else its
 * first file part; NULL when it sent none. */
const zm_upload *files_upload(const zm_request *req, const char *field);

/* The request sent at least one file part and none is too large (10 MB);
 * false after replying ("The parameter <field> is mandatory."). */
bool files_check_uploads(zm_ctx *x, const char *field);

/* Keeps a copy of the upload with the record under `slot` ("image",
 * "images", "back_image", "attachment"), with a new document id. The
 * returned pointer is valid until the record's files change. */
zm_blob *files_add(zm_org *org, zm_doc *d, const char *slot, const zm_upload *u);
zm_blob *files_find(zm_doc *d, const char *document_id);
/* The first file of a slot; NULL when none. */
zm_blob *files_first(zm_doc *d, const char *slot);
/* false when the record has no such file. */
bool files_remove(zm_doc *d, const char *document_id);
void files_remove_slot(zm_doc *d, const char *slot);

/* {document_id, file_name, file_type, file_size, file_size_formatted}
 * (file_type: the name's extension, as Zoho prints it). */
cJSON *files_json(const zm_blob *b);
/* The bytes with their Content-Type (and the file name in
 * Content-Disposition: inline). */
void files_reply(zm_reply *rep, const zm_blob *b);

/* Hand answers any module can list in its specials: POST /<coll>/{id}/attachment
 * (every file part; answers {"document": ...} for the last), GET and DELETE
 * /<coll>/{id}/documents/{document_id}. */
void files_attachment_add(zm_ctx *x);
void files_document_get(zm_ctx *x);
void files_document_delete(zm_ctx *x);

#endif
