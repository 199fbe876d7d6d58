package io.github.zerotrust.keycloak.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({"Windows, WINDOWS", "windows, WINDOWS", "' WINDOWS ', WINDOWS", "macOS, MACOS", "Mac OS X, MACOS",
        "mac_os_x, MACOS", "OS X, MACOS", "iOS, IOS", "iPadOS, IOS", "Android, ANDROID", "Linux, LINUX"})
    void readsTheSpellingsAgentsAndMdmsUse(String text, Platform platform) {
        assertThat(Platform.parse(text)).contains(platform);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "Windows Phone", "ChromeOS", "BlackBerry", "mac", "win", "Linux Mint", "iPhone"})
    void doesNotGuessUnknownPlatforms(String text) {
        assertThat(Platform.parse(text)).isEmpty();
    }

    @Test
    void refusesAbsurdlyLongText() {
        assertThat(Platform.parse("windows" + " ".repeat(100))).isEmpty();
    }

    @Test
    void namesForMessagesAndKeys() {
        assertThat(Platform.MACOS.displayName()).isEqualTo("macOS");
        assertThat(Platform.IOS.displayName()).isEqualTo("iOS");
        assertThat(Platform.WINDOWS.displayName()).isEqualTo("Windows");
        assertThat(Platform.MACOS.key()).isEqualTo("macos");
        assertThat(Platform.ANDROID.key()).isEqualTo("android");
    }

    @Test
    void onlyPhonesAndTabletsAreMobile() {
        assertThat(Platform.IOS.mobile()).isTrue();
        assertThat(Platform.ANDROID.mobile()).isTrue();
        assertThat(Platform.WINDOWS.mobile()).isFalse();
        assertThat(Platform.MACOS.mobile()).isFalse();
        assertThat(Platform.LINUX.mobile()).isFalse();
    }
}
