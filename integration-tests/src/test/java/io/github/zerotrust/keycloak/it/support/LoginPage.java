package io.github.zerotrust.keycloak.it.support;

import org.openqa.selenium.By;

/** Keycloak's username and password page. */
public final class LoginPage {

    private final Browser browser;

    public LoginPage(Browser browser) {
        this.browser = browser;
    }

    public boolean isShown() {
        return browser.has(By.id("kc-form-login"));
    }

    /** Works on the first sign-in form and on the re-authentication form, which shows the username without a field. */
    public void signIn(String username, String password) {
        browser.element(By.id("password"));
        if (browser.has(By.id("username"))) {
            browser.element(By.id("username")).sendKeys(username);
        }
        browser.element(By.id("password")).sendKeys(password);
        browser.element(By.id("kc-login")).click();
    }
}
