package io.github.zerotrust.keycloak.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A template's parameters, each given or defaulted, checked: lists of names (as JSON arrays of strings) and whole
 * numbers within their bounds; a list of client ids names clients of the realm, a list of identity providers names
 * providers of the realm. Read never throws: what is wrong is
 * listed in {@link Read#problems()} as {@code field: reason}.
 */
public record TemplateParameters(Map<String, Object> values) {

    public TemplateParameters {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The parameters read, and what is wrong with them (nothing wrong: empty). */
    public record Read(TemplateParameters parameters, List<String> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Every parameter at its default. */
    public static TemplateParameters defaults(Template template) {
        Map<String, Object> values = new LinkedHashMap<>();
        template.parameters().forEach(p -> values.put(p.name(), p.defaultValue()));
        return new TemplateParameters(values);
    }

    /**
     * Reads {@code given} (a JSON object as plain Java values: lists, strings, numbers) over {@code base} (the defaults,
     * or the parameters recorded at install): a parameter not given keeps its value in {@code base}.
     */
    public static Read read(Template template, Map<String, ?> given, TemplateParameters base, Predicate<String> clientExists,
                            Predicate<String> providerExists) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>(defaults(template).values());
        base.values().forEach((k, v) -> {
            if (values.containsKey(k)) {
                values.put(k, v);
            }
        });
        for (String name : given.keySet()) {
            if (template.parameters().stream().noneMatch(p -> p.name().equals(name))) {
                problems.add(clip(name) + ": not a parameter of template " + template.id() + " (its parameters are "
                        + template.parameters().stream().map(TemplateParameter::name).toList() + ")");
            }
        }
        for (TemplateParameter p : template.parameters()) {
            if (!given.containsKey(p.name())) {
                continue;
            }
            Object value = given.get(p.name());
            if (p.isList()) {
                readList(p, value, clientExists, providerExists, problems).ifPresent(list -> values.put(p.name(), list));
            } else {
                readNumber(p, value, problems).ifPresent(n -> values.put(p.name(), n));
            }
        }
        return new Read(new TemplateParameters(values), List.copyOf(problems));
    }

    private static Optional<List<String>> readList(TemplateParameter p, Object value, Predicate<String> clientExists,
                                                   Predicate<String> providerExists, List<String> problems) {
        if (!(value instanceof List<?> items)) {
            problems.add(p.name() + ": must be a list of strings");
            return Optional.empty();
        }
        if (items.size() > p.max()) {
            problems.add(p.name() + ": at most " + p.max() + " items");
            return Optional.empty();
        }
        LinkedHashSet<String> list = new LinkedHashSet<>();
        int before = problems.size();
        for (Object item : items) {
            if (!(item instanceof String text) || text.isBlank()) {
                problems.add(p.name() + ": every item must be a non-empty string");
                continue;
            }
            String clean = text.strip();
            if (clean.length() > TemplateParameter.MAX_ITEM_LENGTH || clean.contains("##")) {
                problems.add(p.name() + ": " + clip(clean) + " is too long or holds '##'");
                continue;
            }
            Optional<String> wrong = p.itemProblem().apply(clean);
            if (wrong.isPresent()) {
                problems.add(p.name() + ": " + clip(clean) + " " + wrong.get());
            } else if (p.refers() == TemplateParameter.Refers.CLIENTS && !clientExists.test(clean)) {
                problems.add(p.name() + ": no client " + clip(clean) + " in this realm");
            } else if (p.refers() == TemplateParameter.Refers.IDENTITY_PROVIDERS && !providerExists.test(clean)) {
                problems.add(p.name() + ": no identity provider " + clip(clean) + " in this realm");
            } else {
                list.add(clean);
            }
        }
        return problems.size() == before ? Optional.of(List.copyOf(list)) : Optional.empty();
    }

    private static Optional<Integer> readNumber(TemplateParameter p, Object value, List<String> problems) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short)) {
            problems.add(p.name() + ": must be a whole number from " + p.min() + " to " + p.max());
            return Optional.empty();
        }
        long n = ((Number) value).longValue();
        if (n < p.min() || n > p.max()) {
            problems.add(p.name() + ": must be from " + p.min() + " to " + p.max() + ", not " + n);
            return Optional.empty();
        }
        return Optional.of((int) n);
    }

    private static String clip(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() <= 60 ? clean : clean.substring(0, 60) + "...") + "'";
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        Object value = values.get(name);
        return value instanceof List<?> ? (List<String>) value : List.of();
    }

    public int number(String name) {
        Object value = values.get(name);
        return value instanceof Number n ? n.intValue() : 0;
    }
}
