// Shims over libsndfile for Swift: format and command macros become typed functions.
#ifndef SCRIPTC_CSNDFILE_SHIM_H
#define SCRIPTC_CSNDFILE_SHIM_H

#include <sndfile.h>

static inline int scriptc_sf_format_wav_float(void) { return SF_FORMAT_WAV | SF_FORMAT_FLOAT; }
static inline int scriptc_sf_format_wav_pcm16(void) { return SF_FORMAT_WAV | SF_FORMAT_PCM_16; }
static inline int scriptc_sf_mode_read(void) { return SFM_READ; }
static inline int scriptc_sf_mode_write(void) { return SFM_WRITE; }

/// Clip instead of wrapping when float samples beyond ±1 are written to an integer format.
static inline void scriptc_sf_enable_clipping(SNDFILE *file) {
    sf_command(file, SFC_SET_CLIPPING, NULL, SF_TRUE);
}

/// Seek to an absolute frame; returns the new position or -1.
static inline sf_count_t scriptc_sf_seek_set(SNDFILE *file, sf_count_t frame) {
    return sf_seek(file, frame, SEEK_SET);
}

#endif
