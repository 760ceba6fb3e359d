// Shims over FluidSynth for Swift: result macros become functions.
#ifndef SCRIPTC_CFLUIDSYNTH_SHIM_H
#define SCRIPTC_CFLUIDSYNTH_SHIM_H

#include <fluidsynth.h>

static inline int scriptc_fluid_failed(void) { return FLUID_FAILED; }
static inline int scriptc_fluid_ok(void) { return FLUID_OK; }

#endif
