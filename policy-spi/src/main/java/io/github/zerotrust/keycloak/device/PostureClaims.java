package io.github.zerotrust.keycloak.device;

import java.util.Map;

/**
 * Maps the claims of a posture token (a JWT signed by a device agent or MDM; the shell has already
 * checked its signature, issuer, audience and expiry) to a {@link Posture} from {@link Posture#SIGNED_TOKEN}.
 * Lenient by design: a claim of the wrong type or with an unreadable value is an unknown fact, and the
 * check that needs it fails closed ("not reported"), so a malformed token never grants anything and
 * never breaks the sign-in either.
 *
 * <table>
 *   <caption>The claim set (the same names as {@link PostureReport}, which uses {@code reported_at} for {@code iat})</caption>
 *   <tr><th>claim</th><th>type</th><th>posture fact</th></tr>
 *   <tr><td>{@code device_id}, else {@code sub}</td><td>string, 1-255 characters</td><td>device id</td></tr>
 *   <tr><td>{@code platform}</td><td>string: {@code windows}, {@code macos}, {@code ios} ({@code ipados}), {@code android}, {@code linux}</td><td>platform</td></tr>
 *   <tr><td>{@code os_version}</td><td>string such as {@code 10.0.22631} (see {@link OsVersion})</td><td>OS version</td></tr>
 *   <tr><td>{@code disk_encrypted}, {@code firewall}, {@code av_running}, {@code screen_lock}, {@code jailbroken}, {@code managed}</td><td>boolean</td><td>the protections</td></tr>
 *   <tr><td>{@code av_signatures_at}</td><td>epoch seconds or ISO-8601 date-time</td><td>antivirus signature date</td></tr>
 *   <tr><td>{@code threat}</td><td>string: {@code clear}, {@code low}, {@code medium}, {@code high}</td><td>device threat</td></tr>
 *   <tr><td>{@code mdm_compliance}</td><td>string, Graph's {@code complianceState} values</td><td>MDM compliance</td></tr>
 *   <tr><td>{@code iat}</td><td>epoch seconds</td><td>reported at</td></tr>
 * </table>
 */
public final class PostureClaims {

    public static final String DEVICE_ID = "device_id";
    public static final String SUBJECT = "sub";
    public static final String PLATFORM = "platform";
    public static final String OS_VERSION = "os_version";
    public static final String DISK_ENCRYPTED = "disk_encrypted";
    public static final String FIREWALL = "firewall";
    public static final String AV_RUNNING = "av_running";
    public static final String AV_SIGNATURES_AT = "av_signatures_at";
    public static final String SCREEN_LOCK = "screen_lock";
    public static final String JAILBROKEN = "jailbroken";
    public static final String THREAT = "threat";
    public static final String MANAGED = "managed";
    public static final String MDM_COMPLIANCE = "mdm_compliance";
    public static final String ISSUED_AT = "iat";

    private PostureClaims() {
    }

    /** The posture the claims describe; never throws, a {@code null} map gives a posture with nothing known. */
    public static Posture posture(Map<String, ?> claims) {
        // No upper bound short of 2100: a token dated ahead is kept as such and fails the posture-age check.
        PostureFields in = new PostureFields(claims, PostureFields.LATEST);
        String deviceId = in.deviceId(DEVICE_ID);
        return in.facts(Posture.from(Posture.SIGNED_TOKEN))
                .deviceId(deviceId != null ? deviceId : in.deviceId(SUBJECT))
                .reportedAt(in.time(ISSUED_AT))
                .build();
    }
}
