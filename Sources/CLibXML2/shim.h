#ifndef NEWSWATCH_CLIBXML2_SHIM_H
#define NEWSWATCH_CLIBXML2_SHIM_H
#include <string.h>
#include <iconv.h>
/* Debian's libxml2 is built with ICU, and encoding.h then pulls in the system's ICU headers, which
   clash with the ICU copy inside Swift's Foundation. newswatch never touches the ICU members of
   xmlCharEncodingHandler (only pointers to it), so the headers are read as if built without ICU. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

/// Gives `ctxt` a private copy of `handler` (allocated with xmlMalloc, so that xmlFreeParserCtxt frees
/// it with the context) and `user` as its user data. Returns 0 on allocation failure.
static inline int nw_xml_install_sax(xmlParserCtxtPtr ctxt, const xmlSAXHandler *handler, void *user) {
    xmlSAXHandler *copy = (xmlSAXHandler *)xmlMalloc(sizeof(xmlSAXHandler));
    if (copy == NULL) return 0;
    memcpy(copy, handler, sizeof(xmlSAXHandler));
    if (ctxt->sax != NULL) xmlFree(ctxt->sax);
    ctxt->sax = copy;
    ctxt->userData = user;
    return 1;
}

/// Creates a parser context over `buffer` (copied by libxml2) that reports to a private copy of
/// `handler` with `user` as its user data. The copy is allocated with xmlMalloc, so
/// xmlFreeParserCtxt frees it together with the context. Returns NULL on allocation failure.
static inline xmlParserCtxtPtr nw_xml_create_sax_context(const xmlSAXHandler *handler, void *user,
                                                         const char *buffer, int size) {
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buffer, size);
    if (ctxt == NULL) return NULL;
    if (!nw_xml_install_sax(ctxt, handler, user)) { xmlFreeParserCtxt(ctxt); return NULL; }
    return ctxt;
}

/// libxml2 drops even predefined entity references (`&amp;`) once a document has been found not
/// well-formed. Recovery wants them, so the SAX callbacks re-arm the flag; errors are tracked apart.
static inline void nw_xml_rearm_well_formed(xmlParserCtxtPtr ctxt) {
    if (ctxt != NULL && ctxt->wellFormed == 0) ctxt->wellFormed = 1;
}

/// The HTML twin of nw_xml_create_sax_context: an HTML parser context over `buffer` (copied by
/// libxml2, read as UTF-8) that reports to a private copy of `handler`. Returns NULL on failure.
static inline htmlParserCtxtPtr nw_html_create_sax_context(const htmlSAXHandler *handler, void *user,
                                                           const char *buffer, int size) {
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buffer, size);
    if (ctxt == NULL) return NULL;
    if (!nw_xml_install_sax(ctxt, handler, user)) { htmlFreeParserCtxt(ctxt); return NULL; }
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    return ctxt;
}

static void nw_xml_silent_generic_error(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

/// Stops libxml2's generic error channel (a per-thread setting) from printing to stderr.
static inline void nw_xml_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, nw_xml_silent_generic_error);
}

/// The iconv "no conversion" sentinel, ((iconv_t)-1), which Swift cannot spell.
static inline int nw_iconv_is_invalid(iconv_t cd) { return cd == (iconv_t)-1; }
#endif
