<#-- Zero Trust: a user without a second factor, within the grace period to set one up. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("ztMfaTitle")}
    <#elseif section = "form">
        <div id="zt-mfa-enrol">
            <p class="instruction" id="zt-mfa-days-left">${msg("ztMfaDaysLeft", ztMfaDaysLeft?c)}</p>
            <p class="instruction" id="zt-mfa-why">${msg("ztMfaWhy")}</p>
            <form id="zt-mfa-form" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormButtonsClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                            name="choice" value="setup" id="zt-mfa-setup" type="submit">${msg("ztMfaSetUpNow")}</button>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                            name="choice" value="later" id="zt-mfa-later" type="submit">${msg("ztMfaLater")}</button>
                </div>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
