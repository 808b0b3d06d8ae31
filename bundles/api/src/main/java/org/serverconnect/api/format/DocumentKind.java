package org.serverconnect.api.format;

/** What a business document is. */
public enum DocumentKind {
    INVOICE, CREDIT_NOTE, APPLICATION_RESPONSE, ORDER, OTHER
}
