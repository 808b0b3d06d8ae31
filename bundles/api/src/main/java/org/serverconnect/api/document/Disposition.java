package org.serverconnect.api.document;

/** Where a claimed file goes when the engine is done with it. */
public enum Disposition {
    /** Sent successfully: to the sent folder. */
    SENT,
    /** Sent successfully, and the account keeps an archive: to the archive folder. */
    ARCHIVE,
    /** Refused (invalid, or refused for good by the network): to the error folder, with a reason file. */
    ERROR
}
