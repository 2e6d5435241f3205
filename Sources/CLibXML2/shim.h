#ifndef CMSCHED_CLIBXML2_SHIM_H
#define CMSCHED_CLIBXML2_SHIM_H
/* Debian builds libxml2 with ICU, and its encoding.h then includes ICU's headers, which clash
   with the ICU Foundation carries (_FoundationICU). cmsched reads documents in UTF-8 only and
   never touches an encoding handler (whose layout is all that depends on it), so ICU is left out
   of the declarations. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#endif
