<#-- Every argument may hold text a user typed (a justification, a comment): the body is escaped as HTML, never
     sanitised into live markup, so a link or an image in it arrives as text. -->
<#outputformat "plainText">
<#assign body = msg(ztKey, ztRole, ztUser, ztTime, ztText)>
</#outputformat>
<html>
<body>
<p>${body}</p>
<p>${msg("ztElevationMailFooter")}</p>
</body>
</html>
