/* scheduler.h -- everything that falls due as an organization's clock moves, and the clock admin API */
#ifndef ZM_SCHEDULER_H
#define ZM_SCHEDULER_H

#include "model/model.h"
#include "zoho/request.h"

/* Runs, in time order, what fell due up to clock_now(&org->clock):
 * recurring profiles create their stock counts (several occurrences when
 * the clock jumped), background actions of stock counts finish. Called at
 * the start of every Zoho request for its organization (dispatch.c) and
 * after every clock move (admin_clock.c). Runs under the model lock. */
void org_run_due(zm_org *org);

/* admin_clock.c: GET and PUT /__admin/clock (ROUTE_PUBLIC: they take the
 * model lock themselves). */
void admin_clock_get(zm_request *req, zm_reply *rep);
void admin_clock_set(zm_request *req, zm_reply *rep);

#endif
