/* date_views.h -- list views by a record's date relative to the organization's today ("ThisWeek", "PreviousMonth") */
#ifndef ZM_DATE_VIEWS_H
#define ZM_DATE_VIEWS_H

#include "model/model.h"

/* Whether date (YYYY-MM-DD) falls in the period named as Zoho's filter_by
 * values name it after the dot: All, Today, ThisWeek, ThisMonth,
 * ThisQuarter, ThisYear, PreviousDay, PreviousWeek, PreviousMonth,
 * PreviousQuarter, PreviousYear (weeks start on Sunday, Zoho's default).
 * 1 in it, 0 not (or no date), -1 not a period this knows. */
int date_view_keeps(const zm_org *org, const char *date, const char *period);

#endif
