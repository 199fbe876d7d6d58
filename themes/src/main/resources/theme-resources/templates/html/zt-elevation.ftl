<#outputformat "plainText">
<#assign body = msg(ztKey, ztRole, ztUser, ztTime, ztText)>
</#outputformat>
<html>
<body>
<p>${kcSanitize(body)?no_esc}</p>
<p>${msg("ztElevationMailFooter")}</p>
</body>
</html>
