package io.github.zerotrust.keycloak.assessment;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The checks on people: who has which factor, who holds which role. */
final class AccountChecks {

    /** At least this share of users (percent) with a second factor passes; below {@link #USERS_PARTIAL} fails. */
    static final int USERS_PASS = 95;
    static final int USERS_PARTIAL = 50;

    private AccountChecks() {
    }

    static Finding adminsSecondFactor(RealmFacts facts) {
        Check check = Catalogue.ADMINS_SECOND_FACTOR;
        Accounts without = facts.adminsWithoutSecondFactor();
        String cap = facts.people().cap();
        if (facts.admins() == 0) {
            return check.notApplicable("No user of this realm has an admin role" + cap + ".");
        }
        if (without.count() == 0) {
            return check.pass("All " + facts.admins() + " " + users(facts.admins()) + " with an admin role "
                    + have(facts.admins()) + " a second factor" + cap + ".");
        }
        // However few: one admin without a second factor is one password away from the whole realm.
        return check.fail(without.count() + " of " + facts.admins() + " " + users(facts.admins())
                + " with an admin role " + have(without.count()) + " no second factor: " + without.named() + cap + ".");
    }

    static Finding usersSecondFactor(RealmFacts facts) {
        Check check = Catalogue.USERS_SECOND_FACTOR;
        RealmFacts.People people = facts.people();
        if (people.looked() == 0) {
            return check.notApplicable("The realm has no users.");
        }
        int without = people.looked() - people.withSecondFactor();
        String evidence = without + " of " + people.looked() + " " + users(people.looked()) + " " + have(without)
                + " no second factor" + people.cap() + ".";
        int percent = (int) Math.floor(100.0 * people.withSecondFactor() / people.looked());
        if (percent >= USERS_PASS) {
            return check.pass(evidence);
        }
        return percent >= USERS_PARTIAL ? check.partial(evidence) : check.fail(evidence);
    }

    static Finding standingAccess(RealmFacts facts) {
        Check check = Catalogue.STANDING_ACCESS;
        Map<String, Accounts> standing = new TreeMap<>(facts.standing());
        standing.values().removeIf(a -> a.count() == 0);
        String eligibilities = facts.eligibilities() + " just-in-time " + (facts.eligibilities() == 1 ? "eligibility" : "eligibilities");
        if (standing.isEmpty()) {
            return facts.eligibilities() == 0
                    ? check.notApplicable("No user holds a privileged role, and there are no just-in-time eligibilities.")
                    : check.pass("No user holds a privileged role permanently; " + eligibilities + ".");
        }
        String holders = standing.entrySet().stream()
                .map(e -> e.getValue().count() + " " + users(e.getValue().count()) + " " + (e.getValue().count() == 1 ? "holds " : "hold ")
                        + e.getKey() + " permanently (" + e.getValue().named() + ")")
                .collect(Collectors.joining("; "));
        return facts.eligibilities() == 0
                ? check.fail(holders + "; no just-in-time eligibilities.")
                : check.partial(holders + "; " + eligibilities + ".");
    }

    static Finding phishingResistant(RealmFacts facts) {
        Check check = Catalogue.PHISHING_RESISTANT;
        Accounts without = facts.privilegedWithoutPhishingResistant();
        int privileged = facts.privileged();
        String cap = facts.people().cap();
        if (privileged == 0) {
            return check.notApplicable("No user of this realm is privileged (admin role, privileged role or eligibility)" + cap + ".");
        }
        if (without.count() == 0) {
            return check.pass("All " + privileged + " privileged " + users(privileged) + " " + have(privileged)
                    + " a security key or passkey" + cap + ".");
        }
        String evidence = without.count() + " of " + privileged + " privileged " + users(privileged) + " "
                + have(without.count()) + " no security key or passkey: " + without.named() + cap + ".";
        return without.count() == privileged ? check.fail(evidence) : check.partial(evidence);
    }

    static Finding guestsSponsored(RealmFacts facts) {
        Check check = Catalogue.GUESTS_SPONSORED;
        RealmFacts.Guests guests = facts.guests();
        if (guests.count() == 0) {
            return check.notApplicable("The realm has no guests (no members of the guests group, no users of a partner's identity provider).");
        }
        Accounts noSponsor = guests.withoutSponsor();
        Accounts noEnd = guests.withoutEnd();
        if (noSponsor.count() == 0 && noEnd.count() == 0) {
            return check.pass("All " + guests.count() + " " + (guests.count() == 1 ? "guest has" : "guests have")
                    + " a sponsor and an end date.");
        }
        StringBuilder evidence = new StringBuilder();
        if (noSponsor.count() > 0) {
            evidence.append(noSponsor.count()).append(" of ").append(guests.count()).append(guests.count() == 1 ? " guest " : " guests ")
                    .append(have(noSponsor.count())).append(" no sponsor: ").append(noSponsor.named());
        }
        if (noEnd.count() > 0) {
            evidence.append(evidence.length() > 0 ? "; " : "").append(noEnd.count()).append(" of ").append(guests.count())
                    .append(guests.count() == 1 ? " guest " : " guests ").append(have(noEnd.count())).append(" no end date: ")
                    .append(noEnd.named());
        }
        evidence.append('.');
        int incomplete = Math.max(noSponsor.count(), noEnd.count());
        return incomplete == guests.count() ? check.fail(evidence.toString()) : check.partial(evidence.toString());
    }

    static String users(int n) {
        return n == 1 ? "user" : "users";
    }

    private static String have(int n) {
        return n == 1 ? "has" : "have";
    }
}
