package io.github.zerotrust.keycloak.it.support;

import java.util.List;
import org.openqa.selenium.By;

/** The page that lists what a device fails and how to fix each. */
public final class DeviceRemediationPage {

    private final Browser browser;

    public DeviceRemediationPage(Browser browser) {
        this.browser = browser;
    }

    public boolean isShown() {
        try {
            browser.waitUntil(b -> b.has(By.id("zt-device-remediation")) || b.has(By.id("signed-in")) || b.has(By.id("kc-form-login")));
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
        return browser.has(By.id("zt-device-remediation"));
    }

    /** The failed checks' ids, in page order. */
    public List<String> checks() {
        return browser.element(By.id("zt-device-failures")).findElements(By.className("zt-device-failure")).stream()
                .map(e -> e.getAttribute("data-zt-check")).toList();
    }

    /** What fails, as the user reads it. */
    public List<String> problems() {
        return browser.element(By.id("zt-device-failures")).findElements(By.className("zt-device-problem")).stream()
                .map(e -> e.getText().strip()).toList();
    }

    public List<String> advice() {
        return browser.element(By.id("zt-device-failures")).findElements(By.className("zt-device-help")).stream()
                .map(e -> e.getText().strip()).toList();
    }

    public String reference() {
        String text = browser.element(By.id("zt-denied-reference")).getText();
        return text.substring(text.lastIndexOf(' ') + 1).replaceAll("[^A-Z0-9-]", "");
    }
}
