#ifndef NEWSWATCH_CYAML_SHIM_H
#define NEWSWATCH_CYAML_SHIM_H
/* libyaml's event parser: the configuration module composes its own light document tree from the
   events (see Sources/Configuration/YAML). */
#include <yaml.h>
#endif
