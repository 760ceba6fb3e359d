#ifndef SCRIPTC_CLIBXML2_SHIM_H
#define SCRIPTC_CLIBXML2_SHIM_H

// Debian's libxml2 headers pull in ICU, whose module clashes with Foundation's copy
// ("'UErrorCode' has different definitions in different modules"). scriptc never uses
// libxml2's ICU encoders, so the flag is dropped before any other libxml header is read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlwriter.h>
#include <libxml/tree.h>

/// `xmlFree` is a C global variable (a function pointer), which Swift 6 rejects as shared mutable state.
static inline void scriptc_xml_free(void *p) { xmlFree(p); }

/// Creates a streaming (SAX2) parser over `size` bytes at `buf` that builds no libxml2 tree.
/// Every callback receives the parser context as its first argument; `owner` is stored in the
/// context's `_private` field. No handler for external subsets or entity resolution is
/// installed, so nothing outside the buffer is ever read.
static inline xmlParserCtxtPtr scriptc_sax_create(
    const char *buf, int size, void *owner, int options,
    startElementNsSAX2Func start, endElementNsSAX2Func end, charactersSAXFunc chars,
    entityDeclSAXFunc entity, internalSubsetSAXFunc subset, xmlStructuredErrorFunc serror)
{
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buf, size);
    if (ctxt == NULL || ctxt->sax == NULL) {
        if (ctxt != NULL) xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    memset(ctxt->sax, 0, sizeof(xmlSAXHandler));
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    ctxt->sax->startElementNs = start;
    ctxt->sax->endElementNs = end;
    ctxt->sax->characters = chars;
    ctxt->sax->ignorableWhitespace = chars;
    ctxt->sax->cdataBlock = chars;
    ctxt->sax->entityDecl = entity;
    ctxt->sax->internalSubset = subset;
    ctxt->sax->serror = serror;
    ctxt->userData = ctxt;
    ctxt->_private = owner;
    xmlCtxtUseOptions(ctxt, options);
    return ctxt;
}

static inline int scriptc_sax_run(xmlParserCtxtPtr ctxt) {
    xmlParseDocument(ctxt);
    return ctxt->wellFormed;
}

/// Frees the context and the document libxml2 may create on its own for entity bookkeeping.
static inline void scriptc_sax_free(xmlParserCtxtPtr ctxt) {
    if (ctxt == NULL) return;
    if (ctxt->myDoc != NULL) {
        xmlFreeDoc(ctxt->myDoc);
        ctxt->myDoc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
}

static inline void *scriptc_sax_owner(void *ctx) { return ((xmlParserCtxtPtr)ctx)->_private; }

/// Bytes of the input consumed so far (an offset into the original input).
static inline long scriptc_sax_offset(void *ctx) { return xmlByteConsumed((xmlParserCtxtPtr)ctx); }

static inline int scriptc_sax_line(void *ctx) {
    xmlParserCtxtPtr c = (xmlParserCtxtPtr)ctx;
    return c->input != NULL ? c->input->line : 0;
}

static inline int scriptc_sax_column(void *ctx) {
    xmlParserCtxtPtr c = (xmlParserCtxtPtr)ctx;
    return c->input != NULL ? c->input->col : 0;
}

static inline void scriptc_sax_stop(void *ctx) { xmlStopParser((xmlParserCtxtPtr)ctx); }

#endif
