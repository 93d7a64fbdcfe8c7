/* ui.h -- the dashboard's static files at /__admin/ui, served from the binary */
#ifndef ZM_UI_H
#define ZM_UI_H

struct mg_connection;

/* URL prefix of the dashboard: "/__admin/ui" and "/__admin/ui/" are its
 * index.html, "/__admin/ui/NAME" the checkout's ui/NAME. */
#define UI_PREFIX "/__admin/ui"

/* The civetweb handler of UI_PREFIX (http.c registers it). Static files
 * only, answered from the embedded copies: the API's request path (router,
 * journal, scenarios) never sees these requests. */
int ui_serve(struct mg_connection *conn, void *cbdata);

#endif
