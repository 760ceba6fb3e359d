// Shims over libespeak-ng for Swift: macros become functions, so no C macro or
// flag arithmetic leaks into Swift code.
#ifndef SCRIPTC_CESPEAKNG_SHIM_H
#define SCRIPTC_CESPEAKNG_SHIM_H

#include <espeak-ng/speak_lib.h>

/// Initializes the engine for synchronous synthesis (the callback runs on the calling
/// thread). `espeakINITIALIZE_DONT_EXIT` keeps a missing data folder from calling exit(1).
/// Returns the output sample rate in Hz, or a negative value on failure.
static inline int scriptc_espeak_initialize_synchronous(int buffer_ms) {
    return espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, buffer_ms, NULL, espeakINITIALIZE_DONT_EXIT);
}

/// Flags for `espeak_Synth`: UTF-8 text with SSML markup.
static inline unsigned int scriptc_espeak_flags_ssml_utf8(void) {
    return espeakCHARS_UTF8 | espeakSSML;
}

#endif
