#ifndef CMSCHED_CICAL_SHIM_H
#define CMSCHED_CICAL_SHIM_H
#include <libical/ical.h>
#endif
