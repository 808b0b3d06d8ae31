package org.serverconnect.api.format;

/** How thoroughly a document is checked before it is sent. */
public enum CheckLevel {
    /** No check at all. */
    NONE,
    /** The document is well-formed XML. */
    WELLFORMED,
    /** The document is recognised as a known format and its key fields can be read. */
    FORMAT,
    /** The document also satisfies the business rules of its format that can be checked locally. */
    RULES
}
