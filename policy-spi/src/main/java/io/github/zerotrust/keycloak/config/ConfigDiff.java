package io.github.zerotrust.keycloak.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What applying a configuration document would do to a realm, per section: the items it would add, change
 * (old → new) and remove. Each section is a map from an item's key (a setting's name, a zone's name, a username) to
 * its canonical text; a section the document leaves out is not diffed, since applying leaves it alone. Values of
 * secrets never enter it: the exporter leaves them out and the importer keeps the stored ones.
 */
public final class ConfigDiff {

    private ConfigDiff() {
    }

    /** One changed item. */
    public record Change(String key, String from, String to) {
    }

    /** One section's changes; {@link #isEmpty()} when the document matches the realm there. */
    public record Section(String name, List<String> added, List<Change> changed, List<String> removed) {

        public Section {
            added = List.copyOf(added);
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * The changes from {@code current} to {@code wanted} for each section {@code wanted} names, in the order of
     * {@code wanted}'s sections; items within a section in key order.
     */
    public static List<Section> between(Map<String, ? extends Map<String, String>> current,
            Map<String, ? extends Map<String, String>> wanted) {
        List<Section> sections = new ArrayList<>();
        for (Map.Entry<String, ? extends Map<String, String>> section : wanted.entrySet()) {
            SortedMap<String, String> before = new TreeMap<>();
            Map<String, String> stored = current.get(section.getKey());
            if (stored != null) {
                before.putAll(stored);
            }
            SortedMap<String, String> after = new TreeMap<>(section.getValue());
            List<String> added = new ArrayList<>();
            List<Change> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (Map.Entry<String, String> item : after.entrySet()) {
                if (!before.containsKey(item.getKey())) {
                    added.add(item.getKey());
                } else if (!Objects.equals(before.get(item.getKey()), item.getValue())) {
                    changed.add(new Change(item.getKey(), before.get(item.getKey()), item.getValue()));
                }
            }
            for (String key : before.keySet()) {
                if (!after.containsKey(key)) {
                    removed.add(key);
                }
            }
            sections.add(new Section(section.getKey(), added, changed, removed));
        }
        return List.copyOf(sections);
    }

    /** True when no section would change. */
    public static boolean isEmpty(List<Section> sections) {
        return sections.stream().allMatch(Section::isEmpty);
    }
}
