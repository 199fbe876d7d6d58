<#ftl output_format="plainText">
${msg(ztKey, ztRole, ztUser, ztTime, ztText)}

${msg("ztElevationMailFooter")}
