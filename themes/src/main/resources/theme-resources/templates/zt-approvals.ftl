<#-- Zero Trust: requests waiting for this approver; approve or deny with a comment. Works inside any login theme. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("ztApprovalsTitle")}
    <#elseif section = "form">
        <div id="zt-approvals">
        <#if ztApprovals.state == "sign-in">
            <p class="instruction" id="zt-sign-in">${msg("ztApprovalsSignIn")}</p>
            <p><a id="zt-sign-in-link" href="${ztApprovals.signInUrl}">${msg("ztApprovalsSignInLink")}</a></p>
        <#elseif ztApprovals.state == "forbidden">
            <p class="instruction" id="zt-forbidden">${msg("ztApprovalsForbidden")}</p>
        <#elseif ztApprovals.state == "unavailable">
            <p class="instruction" id="zt-unavailable">${msg("ztApprovalsUnavailable")}</p>
        <#else>
            <#if ztApprovals.resultKey??>
                <p class="instruction" id="zt-result" data-zt-result="${ztApprovals.result}">${msg(ztApprovals.resultKey, ztApprovals.result)}</p>
            </#if>
            <#if ztApprovals.requests?size == 0>
                <p class="instruction" id="zt-none">${msg("ztApprovalsNone")}</p>
            </#if>
            <#list ztApprovals.requests as r>
                <section class="zt-request" data-request="${r.id}">
                    <h2 class="zt-request-role">${r.role}</h2>
                    <p class="instruction zt-request-who">${msg("ztApprovalsRequestedBy", r.requester, r.minutes)}</p>
                    <p class="instruction zt-request-why">${msg("ztApprovalsReason", r.justification)}</p>
                    <#if r.ticket??>
                        <p class="instruction zt-request-ticket">${msg("ztApprovalsTicket", r.ticket)}</p>
                    </#if>
                    <p class="instruction zt-request-count">${msg("ztApprovalsCount", r.approvals, r.approvalsRequired, r.lapsesAt)}</p>
                    <form class="${properties.kcFormClass!}" method="post" action="${ztApprovals.action}">
                        <input type="hidden" name="csrf" value="${ztApprovals.csrf}">
                        <input type="hidden" name="request" value="${r.id}">
                        <div class="${properties.kcFormGroupClass!}">
                            <label class="${properties.kcLabelClass!}" for="zt-comment-${r?index}">${msg("ztApprovalsComment")}</label>
                            <input class="${properties.kcInputClass!}" id="zt-comment-${r?index}" type="text" name="comment" maxlength="500">
                        </div>
                        <div class="${properties.kcFormButtonsClass!}">
                            <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}" type="submit"
                                    name="decision" value="approve">${msg("ztApprovalsApprove")}</button>
                            <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!}" type="submit"
                                    name="decision" value="deny">${msg("ztApprovalsDeny")}</button>
                        </div>
                    </form>
                </section>
            </#list>
        </#if>
        </div>
    </#if>
</@layout.registrationLayout>
