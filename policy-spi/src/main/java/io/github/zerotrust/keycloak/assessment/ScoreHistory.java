package io.github.zerotrust.keycloak.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The realm's recorded scores, oldest first, at most {@link #MAX_ENTRIES}: a new one pushes out the oldest. Stored
 * as one small JSON array (about 90 bytes an entry), written only by the suite; an entry a newer version wrote with
 * more fields is read, and one that cannot be read is skipped rather than losing the rest.
 */
public final class ScoreHistory {

    public static final int MAX_ENTRIES = 100;

    private final List<Entry> entries;

    private ScoreHistory(List<Entry> entries) {
        this.entries = List.copyOf(entries.subList(Math.max(0, entries.size() - MAX_ENTRIES), entries.size()));
    }

    /** A recorded score. */
    public record Entry(Instant at, Score score) {
    }

    public static ScoreHistory empty() {
        return new ScoreHistory(List.of());
    }

    /** The stored text (null or blank: no history). */
    public static ScoreHistory read(String stored) {
        if (stored == null || stored.isBlank()) {
            return empty();
        }
        JsonNode json;
        try {
            json = JsonFormat.lenient().readTree(stored);
        } catch (JsonProcessingException e) {
            return empty();
        }
        List<Entry> entries = new ArrayList<>();
        if (json != null && json.isArray()) {
            for (JsonNode node : json) {
                entry(node).ifPresent(entries::add);
            }
        }
        return new ScoreHistory(entries);
    }

    private static Optional<Entry> entry(JsonNode node) {
        if (!node.path("at").isTextual() || !node.path("overall").canConvertToInt()) {
            return Optional.empty();
        }
        try {
            Map<Stage, Optional<Integer>> stages = new EnumMap<>(Stage.class);
            for (Stage stage : Stage.values()) {
                JsonNode value = node.path(stage.id());
                stages.put(stage, value.isInt() ? Optional.of(value.asInt()) : Optional.empty());
            }
            return Optional.of(new Entry(Instant.parse(node.path("at").asText()), new Score(node.path("overall").asInt(), stages)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** This history with {@code score} at {@code at} added last. */
    public ScoreHistory with(Instant at, Score score) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(at, score));
        return new ScoreHistory(more);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The stored text, also the REST answer's shape: {@code [{"at", "overall", "foundation", "intermediate", "advanced"}]}. */
    public String write() {
        ArrayNode array = JsonFormat.lenient().createArrayNode();
        for (Entry e : entries) {
            ObjectNode node = array.addObject();
            node.put("at", e.at().toString());
            node.put("overall", e.score().overall());
            for (Stage stage : Stage.values()) {
                Optional<Integer> value = e.score().byStage().get(stage);
                if (value.isPresent()) {
                    node.put(stage.id(), value.get());
                } else {
                    node.putNull(stage.id());
                }
            }
        }
        return array.toString();
    }
}
