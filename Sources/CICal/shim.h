#ifndef CMSCHED_CICAL_SHIM_H
#define CMSCHED_CICAL_SHIM_H
#include <libical/ical.h>

/* True when the rule's BYDAY names a position (2TU, -1FR). Swift sees the BYDAY array as a tuple
   of hundreds of elements, so the look is done here. */
static inline int cmsched_recur_has_day_position(const struct icalrecurrencetype *rule) {
    for (int i = 0; i < ICAL_BY_DAY_SIZE && rule->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
        if (icalrecurrencetype_day_position(rule->by_day[i]) != 0) return 1;
    }
    return 0;
}

/* True when the rule sets the time of day (BYHOUR, BYMINUTE or BYSECOND): it can then start more
   than once a day, or at another time than DTSTART's. */
static inline int cmsched_recur_sets_time_of_day(const struct icalrecurrencetype *rule) {
    return rule->by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX || rule->by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX
        || rule->by_second[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

/* True when the rule has any BY part (BYSECOND to BYSETPOS). */
static inline int cmsched_recur_has_by_part(const struct icalrecurrencetype *rule) {
    return rule->by_second[0] != ICAL_RECURRENCE_ARRAY_MAX || rule->by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX
        || rule->by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX || rule->by_day[0] != ICAL_RECURRENCE_ARRAY_MAX
        || rule->by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX || rule->by_year_day[0] != ICAL_RECURRENCE_ARRAY_MAX
        || rule->by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX || rule->by_month[0] != ICAL_RECURRENCE_ARRAY_MAX
        || rule->by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX;
}
#endif
