package io.github.zerotrust.keycloak.it.support;

import java.net.URI;
import org.openqa.selenium.By;

/** Where a successful sign-in lands: the test app's callback with an authorization code. */
public final class AppPage {

    private final Browser browser;

    public AppPage(Browser browser) {
        this.browser = browser;
    }

    /** Waits for the app's page; false if the sign-in ended anywhere else. */
    public boolean isShown() {
        try {
            browser.waitUntil(b -> b.has(By.id("signed-in")) || b.has(By.id("zt-denied")) || b.has(By.id("kc-form-login")));
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
        return browser.has(By.id("signed-in")) && browser.currentUrl().contains("code=");
    }

    /** The authorization code on the app's page, once the browser has got there (a click only starts the way). */
    public String code() {
        try {
            browser.waitUntil(b -> b.has(By.id("signed-in")) && b.currentUrl().contains("code="));
        } catch (org.openqa.selenium.TimeoutException e) {
            // Not the app's page: the error below names where the browser is.
        }
        String query = URI.create(browser.currentUrl()).getQuery();
        for (String part : query == null ? new String[0] : query.split("&")) {
            if (part.startsWith("code=")) {
                return part.substring(5);
            }
        }
        throw new AssertionError("No code in " + browser.currentUrl());
    }
}
