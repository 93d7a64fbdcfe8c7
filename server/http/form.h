/* form.h -- the JSONString field of a multipart/form-data body */
#ifndef ZM_HTTP_FORM_H
#define ZM_HTTP_FORM_H

#include <stddef.h>

/* Finds the field called name in a multipart/form-data body whose
 * Content-Type (with its boundary parameter) is content_type. 1 with
 * *value and *len set (pointing into body) when found; 0 when the form has
 * no such field; -1 when the body is not such a form (no boundary, a
 * broken part). */
int form_multipart_field(const char *content_type, const char *body, size_t body_len,
                         const char *name, const char **value, size_t *len);

#endif
