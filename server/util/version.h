/* version.h -- the version zoho-mock reports (--version, /__admin/health, the first line it prints) */
#ifndef ZM_VERSION_H
#define ZM_VERSION_H

#define ZM_VERSION "0.1.0"

#endif
