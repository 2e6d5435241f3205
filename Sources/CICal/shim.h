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
#endif
