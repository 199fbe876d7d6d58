package io.github.zerotrust.keycloak.it.adminpage;

import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The Zero Trust admin page, as an admin sees and uses it. */
final class AdminPageView {

    private final Browser browser;
    private final String url;

    AdminPageView(Browser browser, String url) {
        this.browser = browser;
        this.url = url;
    }

    void open() {
        browser.open(url);
        browser.waitUntil(b -> b.has(By.id("sign-in")) || b.has(By.id("who")) || b.has(By.id("not-allowed")));
    }

    /** Signs in through Keycloak's real login page and waits for the page to know who it is. */
    void signIn(String username, String password) {
        open();
        browser.element(By.id("sign-in-button")).click();
        browser.waitUntil(b -> new LoginPage(b).isShown() || b.has(By.id("who")));
        if (new LoginPage(browser).isShown()) {
            new LoginPage(browser).signIn(username, password);
        }
        browser.waitUntil(b -> b.has(By.id("who")) || b.has(By.id("not-allowed")) || problem().length() > 0);
        if (!browser.has(By.id("who"))) {
            browser.screenshot("admin-page-sign-in-failed-" + username);
            throw new AssertionError("Signing in as " + username + " ended at " + browser.currentUrl() + " with: " + problem());
        }
        if (browser.has(By.id("who"))) {
            // Every section has loaded once the last one has.
            browser.waitUntil(b -> b.has(By.cssSelector("#elevation[data-loaded]")));
        }
    }

    void signOut() {
        browser.element(By.id("sign-out")).click();
        browser.waitUntil(b -> b.currentUrl().startsWith(url) && b.has(By.id("sign-in")));
    }

    boolean signInShown() {
        return browser.has(By.id("sign-in-button"));
    }

    String who() {
        return browser.element(By.id("who")).getText();
    }

    String text(String id) {
        return browser.element(By.id(id)).getText();
    }

    WebElement element(String id) {
        return browser.element(By.id(id));
    }

    boolean has(String id) {
        return browser.has(By.id(id));
    }

    String problem() {
        return browser.has(By.id("problem")) ? browser.element(By.id("problem")).getText() : "";
    }

    String status() {
        return browser.element(By.id("status")).getText();
    }

    void waitFor(java.util.function.Predicate<AdminPageView> condition) {
        browser.waitUntil(b -> condition.test(this));
    }

    /** The score the page shows for a stage ({@code overall}, {@code foundation}, ...). */
    String score(String stage) {
        return browser.element(By.cssSelector("#score-" + stage + " strong")).getText();
    }

    String ruleState(String ruleId) {
        return browser.element(By.cssSelector("[data-rule='" + ruleId + "']")).getText();
    }

    /** Saves the section in view as a screenshot under target/screenshots and, with -Dzt.screenshots.dir, there too. */
    Path screenshot(String section, String name) {
        if (section != null) {
            browser.script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'}); window.scrollBy(0, -8);", section);
        } else {
            browser.script("window.scrollTo(0, 0);");
        }
        Path file = browser.screenshot(name);
        String copyTo = System.getProperty("zt.screenshots.dir", "");
        if (!copyTo.isBlank()) {
            Path dir = Path.of(copyTo).isAbsolute() ? Path.of(copyTo) : TestSettings.path("zt.project.root").resolve(copyTo);
            try {
                Files.createDirectories(dir);
                Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }
}
