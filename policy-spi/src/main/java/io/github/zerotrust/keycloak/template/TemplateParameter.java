package io.github.zerotrust.keycloak.template;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One parameter of a template: a list of names or a whole number, with its default and what makes a value wrong.
 *
 * @param name        the field name in {@code "parameters"} ({@code blockedCountries})
 * @param help        for people: what it does and what its default means
 * @param defaultList the default of a list parameter (empty for a number)
 * @param defaultNumber the default of a number parameter (empty for a list)
 * @param min         the smallest number allowed
 * @param max         the largest number allowed, or the most items of a list
 * @param itemProblem what is wrong with one item of a list, or empty when it is fine
 * @param refers      what the items name that must exist in the realm: clients, identity providers, or nothing
 */
public record TemplateParameter(String name, String help, Optional<List<String>> defaultList, Optional<Integer> defaultNumber,
                                int min, int max, Function<String, Optional<String>> itemProblem, Refers refers) {

    /** What a list's items name. */
    public enum Refers {
        NOTHING, CLIENTS, IDENTITY_PROVIDERS
    }

    public static final int MAX_ITEM_LENGTH = 255;

    static TemplateParameter list(String name, String help, List<String> defaults, int maxItems,
                                  Function<String, Optional<String>> itemProblem, boolean clients) {
        return new TemplateParameter(name, help, Optional.of(List.copyOf(defaults)), Optional.empty(), 0, maxItems, itemProblem,
                clients ? Refers.CLIENTS : Refers.NOTHING);
    }

    /** A list of identity provider aliases of the realm, empty by default. */
    static TemplateParameter identityProviders(String name, String help, int maxItems) {
        return new TemplateParameter(name, help, Optional.of(List.of()), Optional.empty(), 0, maxItems, s -> Optional.empty(),
                Refers.IDENTITY_PROVIDERS);
    }

    static TemplateParameter number(String name, String help, int defaultValue, int min, int max) {
        return new TemplateParameter(name, help, Optional.empty(), Optional.of(defaultValue), min, max, s -> Optional.empty(),
                Refers.NOTHING);
    }

    public boolean isList() {
        return defaultList.isPresent();
    }

    public Object defaultValue() {
        return isList() ? defaultList.get() : defaultNumber.get();
    }
}
