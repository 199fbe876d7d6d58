package io.github.zerotrust.keycloak.fido;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A FIDO Metadata Service (MDS3) BLOB whose signature, chain and freshness have been checked. The
 * only way to get one is {@link #verify} or {@link #read}, so holding one means it can be trusted.
 */
public final class MetadataBlob {

    /** The real BLOB is a few MB; anything far larger is not one and would only cost memory. */
    public static final long MAX_SIZE = 20L * 1024 * 1024;

    // Unknown properties are ignored: the FIDO Alliance adds fields to metadata statements over time.
    private static final ObjectMapper JSON = JsonFormat.lenient();

    private final int serialNumber;
    private final LocalDate nextUpdate;
    private final String legalHeader;
    private final Map<Aaguid, MetadataEntry> entries;

    private MetadataBlob(int serialNumber, LocalDate nextUpdate, String legalHeader, Map<Aaguid, MetadataEntry> entries) {
        this.serialNumber = serialNumber;
        this.nextUpdate = nextUpdate;
        this.legalHeader = legalHeader;
        this.entries = entries;
    }

    /** Reads the BLOB from a file, refusing oversized files before reading them. */
    public static MetadataBlob read(Path file, X509Certificate root, Instant now) throws MetadataBlobException {
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw oversized();
            }
            return verify(Files.readString(file, StandardCharsets.US_ASCII), root, now);
        } catch (IOException e) {
            throw new MetadataBlobException("The metadata BLOB " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a BLOB against the Metadata Service root certificate as of {@code now}: the signing
     * chain must lead to {@code root} and the BLOB's {@code nextUpdate} must not have passed
     * (a stale BLOB would keep trusting authenticators reported compromised since).
     */
    public static MetadataBlob verify(String jws, X509Certificate root, Instant now) throws MetadataBlobException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(now, "now");
        if (jws == null || jws.isBlank()) {
            throw new MetadataBlobException("The metadata BLOB is empty.");
        }
        if (jws.length() > MAX_SIZE) {
            throw oversized();
        }
        byte[] payload = SignedBlob.verifiedPayload(jws, root, now, JSON);
        BlobPayload content;
        try {
            content = JSON.readValue(payload, BlobPayload.class);
        } catch (IOException e) {
            throw new MetadataBlobException("The metadata BLOB's payload is not MDS3 JSON: "
                    + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (content == null || content.no() == null || content.nextUpdate() == null) {
            throw new MetadataBlobException("The metadata BLOB's payload lacks 'no' or 'nextUpdate'.");
        }
        LocalDate nextUpdate;
        try {
            nextUpdate = LocalDate.parse(content.nextUpdate().strip());
        } catch (DateTimeParseException e) {
            throw new MetadataBlobException("The metadata BLOB's payload has a nextUpdate '" + content.nextUpdate()
                    + "' is not a date (YYYY-MM-DD).", e);
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (nextUpdate.isBefore(today)) {
            throw new MetadataBlobException("The metadata BLOB no. " + content.no() + " expired: it was due to be "
                    + "replaced on " + nextUpdate + ". Download a current one from the FIDO Metadata Service.");
        }
        Map<Aaguid, MetadataEntry> entries = new HashMap<>();
        for (BlobPayload.Entry entry : content.entries()) {
            entry.toMetadataEntry().ifPresent(e -> entries.putIfAbsent(e.aaguid(), e));
        }
        return new MetadataBlob(content.no(), nextUpdate, content.legalHeader(), Map.copyOf(entries));
    }

    private static MetadataBlobException oversized() {
        return new MetadataBlobException("The metadata BLOB is larger than " + MAX_SIZE / (1024 * 1024)
                + " MB; it is not a Metadata Service BLOB.");
    }

    /** The BLOB's {@code no}; a newer BLOB has a higher one. */
    public int serialNumber() {
        return serialNumber;
    }

    public LocalDate nextUpdate() {
        return nextUpdate;
    }

    public String legalHeader() {
        return legalHeader;
    }

    /** The authenticators with an AAGUID (FIDO2); U2F and UAF entries are left out. */
    public int size() {
        return entries.size();
    }

    public Optional<MetadataEntry> entry(Aaguid aaguid) {
        return Optional.ofNullable(entries.get(aaguid));
    }
}
