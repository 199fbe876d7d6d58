package io.github.zerotrust.keycloak.it.support;

import org.openqa.selenium.By;

/** The page a zero-trust rule shows when it refuses a sign-in. */
public final class DeniedPage {

    private final Browser browser;

    public DeniedPage(Browser browser) {
        this.browser = browser;
    }

    /** Waits for the sign-in to settle; true if it ended on the refusal page. */
    public boolean isShown() {
        try {
            browser.waitUntil(b -> b.has(By.id("zt-denied")) || b.has(By.id("signed-in")) || b.has(By.id("kc-form-login")));
        } catch (org.openqa.selenium.TimeoutException e) {
            return false;
        }
        return browser.has(By.id("zt-denied"));
    }

    public String message() {
        return browser.element(By.id("zt-denied-message")).getText();
    }

    public String whatToDo() {
        return browser.element(By.id("zt-denied-what-to-do")).getText();
    }

    public String seenFrom() {
        return browser.element(By.id("zt-denied-country")).getText();
    }

    /** The reference as shown, e.g. "ABCD-2345". */
    public String reference() {
        String text = browser.element(By.id("zt-denied-reference")).getText();
        return text.substring(text.lastIndexOf(' ') + 1).trim();
    }
}
