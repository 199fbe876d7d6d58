<#-- Zero Trust: activate an eligible privileged role for a while (kc_action=zt-elevate). -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("ztElevateTitle")}
    <#elseif section = "form">
        <div id="zt-elevate">
        <#if ztElevateReason??>
            <p class="instruction" id="zt-elevate-reason">${msg(ztElevateReason.key, ztElevateReason.id)}</p>
        </#if>
        <#if ztElevatePending??>
            <p class="instruction" id="zt-elevate-pending">${msg("ztElevatePending", ztElevatePending.role, ztElevatePending.approvals?c)}</p>
            <form id="zt-elevate-continue-form" action="${url.loginAction}" method="post">
                <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        name="continue" value="true" id="zt-elevate-continue" type="submit">${msg("doContinue")}</button>
            </form>
        <#elseif ztEligible?size == 0>
            <p class="instruction" id="zt-elevate-none">${msg("ztElevateNone")}</p>
            <form action="${url.loginAction}" method="post">
                <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonBlockClass!}"
                        name="cancel-aia" value="true" id="zt-elevate-cancel" type="submit">${msg("doCancel")}</button>
            </form>
        <#else>
            <p class="instruction">${msg("ztElevateWhy")}</p>
            <form id="zt-elevate-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="zt-role" class="${properties.kcLabelClass!}">${msg("ztElevateRole")}</label>
                    <select id="zt-role" name="role" class="${properties.kcInputClass!}">
                        <#list ztEligible as e>
                            <option value="${e.role}">${e.role} (${msg("ztElevateUpTo", e.maxMinutes?c)}<#if e.approvals gt 0>, ${msg("ztElevateNeedsApproval", e.approvals?c)}</#if>)</option>
                        </#list>
                    </select>
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="zt-duration" class="${properties.kcLabelClass!}">${msg("ztElevateDuration")}</label>
                    <input id="zt-duration" name="duration" type="number" min="1" value="60" class="${properties.kcInputClass!}">
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="zt-justification" class="${properties.kcLabelClass!}">${msg("ztElevateJustification")}</label>
                    <textarea id="zt-justification" name="justification" maxlength="2000" class="${properties.kcInputClass!}"></textarea>
                </div>
                <div class="${properties.kcFormGroupClass!}">
                    <label for="zt-ticket" class="${properties.kcLabelClass!}">${msg("ztElevateTicket")}</label>
                    <input id="zt-ticket" name="ticket" type="text" maxlength="100" class="${properties.kcInputClass!}">
                </div>
                <div class="${properties.kcFormButtonsClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                            name="activate" value="true" id="zt-elevate-submit" type="submit">${msg("ztElevateSubmit")}</button>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonBlockClass!}"
                            name="cancel-aia" value="true" id="zt-elevate-cancel" type="submit">${msg("doCancel")}</button>
                </div>
            </form>
        </#if>
        </div>
    </#if>
</@layout.registrationLayout>
