#ifndef SCRIPTC_CCAIROPANGO_SHIM_H
#define SCRIPTC_CCAIROPANGO_SHIM_H

// Cairo for drawing, Pango for text layout, and the fontconfig side of Pango so a renderer can
// install a private font configuration (see docs/backends-visual.md, "Fonts").
#include <cairo.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <fontconfig/fontconfig.h>

/// `g_object_unref` takes a `gpointer`; a typed helper keeps the Swift side free of casts.
static inline void scriptc_object_unref(void *object) {
    if (object != NULL) {
        g_object_unref(object);
    }
}

/// Pango's cairo font maps on Linux are fontconfig font maps; this hands one a private
/// configuration. Returns 0 when the font map is not a fontconfig one.
static inline int scriptc_fontmap_set_fc_config(PangoFontMap *map, FcConfig *config) {
    if (!PANGO_IS_FC_FONT_MAP(map)) {
        return 0;
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
    return 1;
}

/// PANGO_SCALE is a macro; Swift sees a plain constant through this.
static inline int scriptc_pango_scale(void) {
    return PANGO_SCALE;
}

/// Adds one font file to a private fontconfig configuration with its weight, slant and style
/// name set by the caller (pass -1 / NULL to keep what the file says). Debian's Courier Prime
/// files all claim to be "Regular", so the metadata that fontconfig reads cannot be trusted.
/// Returns the number of faces added (0 on failure, or when no application font was added yet).
static inline int scriptc_fc_add_font_file(FcConfig *config, const char *path,
                                           int weight, int slant, const char *style) {
    int count = 0;
    FcPattern *pattern = FcFreeTypeQuery((const FcChar8 *)path, 0, NULL, &count);
    if (pattern == NULL) {
        return 0;
    }
    if (weight >= 0) {
        FcPatternDel(pattern, FC_WEIGHT);
        FcPatternAddInteger(pattern, FC_WEIGHT, weight);
    }
    if (slant >= 0) {
        FcPatternDel(pattern, FC_SLANT);
        FcPatternAddInteger(pattern, FC_SLANT, slant);
    }
    if (style != NULL) {
        FcPatternDel(pattern, FC_STYLE);
        FcPatternAddString(pattern, FC_STYLE, (const FcChar8 *)style);
    }
    // The application font set exists once one file went through FcConfigAppFontAddFile
    // (fontconfig has no public call that installs a set), so add the fallback fonts first.
    FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
    if (set == NULL) {
        FcPatternDestroy(pattern);
        return 0;
    }
    if (!FcFontSetAdd(set, pattern)) {
        FcPatternDestroy(pattern);
        return 0;
    }
    return 1;
}

/// FcConfigAppFontAddFile with a `char` path (fontconfig speaks `FcChar8`).
static inline int scriptc_fc_app_font_add_file(FcConfig *config, const char *path) {
    return FcConfigAppFontAddFile(config, (const FcChar8 *)path) ? 1 : 0;
}

#endif
