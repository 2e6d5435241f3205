#ifndef CMSCHED_CMALLOC_SHIM_H
#define CMSCHED_CMALLOC_SHIM_H
/* glibc's allocator settings (mallopt), which the Glibc module does not bring in. */
#include <malloc.h>
#endif
