package org.serverconnect.console.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.serverconnect.api.account.AccountService;
import org.serverconnect.api.journal.Journal;

/**
 * What the console's pages and API look at: the running accounts (they come and go live) and the journal, kept in
 * one place for all of them.
 */
@Component(service = Accounts.class)
public final class Accounts {
    private final List<AccountService> accounts = new CopyOnWriteArrayList<>();
    private volatile Journal journal;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAccount(AccountService a) {
        accounts.add(a);
    }

    void unbindAccount(AccountService a) {
        accounts.remove(a);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindJournal(Journal j) {
        this.journal = j;
    }

    void unbindJournal(Journal j) {
        if (this.journal == j) {
            this.journal = null;
        }
    }

    /** @return every account, by name */
    List<AccountService> sorted() {
        return accounts.stream().sorted(Comparator.comparing(AccountService::name)).toList();
    }

    Optional<AccountService> named(String name) {
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** @return the journal, or {@code null} while the engine is not running */
    Journal journal() {
        return journal;
    }
}
