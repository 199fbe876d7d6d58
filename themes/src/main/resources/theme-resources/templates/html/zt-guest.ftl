<#-- The guest's username is text the partner's identity provider or an admin chose: escaped, never live markup. -->
<#outputformat "plainText">
<#assign body = msg(ztKey, ztGuest, ztTime)>
</#outputformat>
<html>
<body>
<p>${body}</p>
<p>${msg("ztGuestMailFooter")}</p>
</body>
</html>
