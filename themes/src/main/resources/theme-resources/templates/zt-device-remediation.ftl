<#-- Zero Trust: shown when a device does not meet the organisation's requirements. Lists every failed check and how to fix it. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("ztDeviceRemediationTitle")}
    <#elseif section = "form">
        <div id="zt-device-remediation">
            <p class="instruction" id="zt-device-intro">${ztDevice.headline}</p>
            <ul id="zt-device-failures">
                <#list ztDevice.items as item>
                    <li class="zt-device-failure" data-zt-check="${item.check}">
                        <strong class="zt-device-problem">${item.problem}</strong>
                        <br/><span class="zt-device-help">${item.help}</span>
                    </li>
                </#list>
            </ul>
            <p class="instruction" id="zt-denied-reference">${msg("ztDeniedReference", ztDevice.reference)}</p>
            <#if client?? && client.baseUrl?has_content>
                <p><a id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></p>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
