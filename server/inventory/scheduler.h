/* scheduler.h -- everything that falls due as an organization's clock moves */
#ifndef ZM_SCHEDULER_H
#define ZM_SCHEDULER_H

#include "model/model.h"

/* Runs, in time order, what fell due up to clock_now(&org->clock):
 * recurring profiles create their stock counts (several occurrences when
 * the clock jumped), background actions of stock counts finish. Called at
 * the start of every Zoho request for its organization (dispatch.c) and
 * after every clock move (admin_clock.c). Runs under the organization's lock. */
void org_run_due(zm_org *org);

#endif
