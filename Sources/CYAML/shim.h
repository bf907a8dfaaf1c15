#ifndef SOVEREIGN_CYAML_SHIM_H
#define SOVEREIGN_CYAML_SHIM_H
#include <yaml.h>
#endif
