#ifndef SOVEREIGN_CJQ_SHIM_H
#define SOVEREIGN_CJQ_SHIM_H
#include <jq.h>
#include <jv.h>
#endif
