package org.serverconnect.runtime.internal;

import org.serverconnect.api.account.AccountStatus;

/** One account's status as one line of the status file: {@code ONLINE working; outbox 0, claimed 0, retry 0, error 1}. */
final class AccountLine {
    private AccountLine() {
    }

    static String of(AccountStatus s) {
        String detail = s.detail() == AccountStatus.Detail.NONE ? "" : " " + s.detail();
        String why = s.description() == null ? "" : " " + s.description().replaceAll("[\\r\\n\\t]+", " ");
        AccountStatus.Queues q = s.queues();
        return s.status() + detail + (why.isBlank() ? "" : ":" + why) + "; outbox " + q.outbox() + ", claimed " + q.claimed()
                + ", retry " + q.retry() + ", error " + q.error()
                + (s.lastSuccess() == null ? "" : "; last success " + Times.text(s.lastSuccess()))
                + (s.lastError() == null ? "" : "; last error " + Times.text(s.lastError()));
    }
}
