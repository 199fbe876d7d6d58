package io.github.zerotrust.keycloak.assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the rules now in report-only would have done: for each, how many sign-ins it would have affected in the last
 * day, 7 days and 30 days, and who. Read from the sign-in events' {@code zt_report_only} detail, which lists every
 * report-only rule that would have matched in that sign-in as {@code <rule>: would match (<reason>)}, joined by
 * {@code "; "}. A rule is named by its step's configuration alias (unique in a realm), so an entry names one step.
 */
public final class ReportOnlyImpact {

    public static final Duration DAY = Duration.ofDays(1);
    public static final Duration WEEK = Duration.ofDays(7);
    public static final Duration MONTH = Duration.ofDays(30);
    private static final String WOULD_MATCH = ": would match (";
    private static final String SEPARATOR = "; ";

    /** A step now in report-only: its rule name (config alias), its flow and its kind (provider id). */
    public record Rule(String rule, String flow, String step) {
        public Rule {
            Objects.requireNonNull(rule, "rule");
        }
    }

    /** One saved sign-in event that carries a {@code zt_report_only} detail. {@code userId} may be null (unknown user). */
    public record Sighting(Instant at, String userId, String username, String detail) {
    }

    /** A user the rule would have affected, and in how many sign-ins of the last 30 days. */
    public record Person(String userId, String username, int signIns) {
    }

    /**
     * @param users      the people it would have affected, most affected first, at most the bound asked for
     * @param moreUsers  how many more there were
     */
    public record RuleImpact(Rule rule, int lastDay, int last7Days, int last30Days, List<Person> users, int moreUsers) {
    }

    private ReportOnlyImpact() {
    }

    /** The rule names a {@code zt_report_only} detail lists; a fragment that does not read is left out. */
    public static Set<String> rulesIn(String detail) {
        Set<String> rules = new LinkedHashSet<>();
        if (detail == null || detail.isBlank()) {
            return rules;
        }
        for (String entry : detail.split(SEPARATOR)) {
            int at = entry.indexOf(WOULD_MATCH);
            if (at > 0) {
                rules.add(entry.substring(0, at).strip());
            }
        }
        return rules;
    }

    /**
     * The impact of each rule in {@code rules} (in their order), from {@code sightings} of the last 30 days before
     * {@code now}; a sighting older than that, or in the future, is not counted.
     */
    public static List<RuleImpact> of(List<Rule> rules, List<Sighting> sightings, Instant now, int maxUsers) {
        Map<String, int[]> counts = new HashMap<>();
        Map<String, Map<String, int[]>> people = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Set<String> wanted = new LinkedHashSet<>();
        rules.forEach(r -> wanted.add(r.rule()));
        for (Sighting sighting : sightings) {
            if (sighting.at() == null || sighting.at().isAfter(now) || !sighting.at().isAfter(now.minus(MONTH))) {
                continue;
            }
            Duration age = Duration.between(sighting.at(), now);
            String who = sighting.userId() != null ? sighting.userId() : "name:" + sighting.username();
            if (sighting.username() != null) {
                names.putIfAbsent(who, sighting.username());
            }
            for (String rule : rulesIn(sighting.detail())) {
                if (!wanted.contains(rule)) {
                    continue;
                }
                int[] c = counts.computeIfAbsent(rule, r -> new int[3]);
                c[2]++;
                if (age.compareTo(WEEK) < 0) {
                    c[1]++;
                }
                if (age.compareTo(DAY) < 0) {
                    c[0]++;
                }
                people.computeIfAbsent(rule, r -> new HashMap<>()).computeIfAbsent(who, w -> new int[1])[0]++;
            }
        }
        List<RuleImpact> impacts = new ArrayList<>();
        for (Rule rule : rules) {
            int[] c = counts.getOrDefault(rule.rule(), new int[3]);
            List<Person> all = new ArrayList<>();
            people.getOrDefault(rule.rule(), Map.of()).forEach((who, n) -> all.add(new Person(
                    who.startsWith("name:") ? null : who, names.get(who), n[0])));
            all.sort(Comparator.comparingInt(Person::signIns).reversed()
                    .thenComparing(p -> p.username() == null ? "" : p.username()));
            int shown = Math.min(all.size(), Math.max(0, maxUsers));
            impacts.add(new RuleImpact(rule, c[0], c[1], c[2], List.copyOf(all.subList(0, shown)), all.size() - shown));
        }
        return impacts;
    }

    /** The answer's shape, as the REST API writes it. */
    public static Map<String, Object> view(RuleImpact impact) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", impact.rule().rule());
        out.put("flow", impact.rule().flow());
        out.put("step", impact.rule().step());
        Map<String, Object> signIns = new LinkedHashMap<>();
        signIns.put("lastDay", impact.lastDay());
        signIns.put("last7Days", impact.last7Days());
        signIns.put("last30Days", impact.last30Days());
        out.put("signIns", signIns);
        List<Map<String, Object>> users = new ArrayList<>();
        for (Person person : impact.users()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", person.userId());
            p.put("username", person.username());
            p.put("signIns", person.signIns());
            users.add(p);
        }
        out.put("users", users);
        out.put("moreUsers", impact.moreUsers());
        return out;
    }
}
