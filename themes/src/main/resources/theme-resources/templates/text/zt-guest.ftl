<#ftl output_format="plainText">
${msg(ztKey, ztGuest, ztTime)}

${msg("ztGuestMailFooter")}
