<#-- Zero Trust: shown when a zero-trust rule refuses a sign-in. Works inside any login theme. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("ztDeniedTitle")}
    <#elseif section = "form">
        <div id="zt-denied" data-zt-reason="${ztDenial.messageKey}">
            <p class="instruction" id="zt-denied-message">${msg(ztDenial.messageKey)}</p>
            <#if ztDenial.country??>
                <p class="instruction" id="zt-denied-country">${msg("ztDeniedSeenFrom", ztDenial.country)}</p>
            </#if>
            <#if ztDenial.customMessage??>
                <p class="instruction" id="zt-denied-custom">${ztDenial.customMessage}</p>
            </#if>
            <p class="instruction" id="zt-denied-what-to-do">${msg("ztDeniedWhatToDo")}</p>
            <p class="instruction" id="zt-denied-reference">${msg("ztDeniedReference", ztDenial.reference)}</p>
            <#if client?? && client.baseUrl?has_content>
                <p><a id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></p>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
