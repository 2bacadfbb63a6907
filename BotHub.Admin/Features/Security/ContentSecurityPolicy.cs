namespace BotHub.Admin.Features.Security;

/// <summary>What the pages may load and do: only what Blazor Server and MudBlazor need.</summary>
public static class ContentSecurityPolicy
{
    public static void Configure(CspBuilder csp)
    {
        csp.AddDefaultSrc().Self();
        // blazor.web.js and MudBlazor.min.js are files; the one inline script is the framework's import map, which
        // carries this request's nonce (App.razor). No 'unsafe-eval': neither Blazor Server nor MudBlazor needs it.
        csp.AddScriptSrc().Self().WithNonce();
        // MudBlazor writes style attributes (positions of popovers, widths, colours) and its theme provider writes
        // <style> elements at run time: inline styles are needed. Styles cannot run script.
        csp.AddStyleSrc().Self().UnsafeInline();
        // Compose previews an image message by the https URL the user typed (the provider fetches it from there, so
        // any https host is possible); MudBlazor draws some icons as data: URIs.
        csp.AddImgSrc().Self().Data().OverHttps();
        csp.AddFontSrc().Self();
        // The circuit's WebSocket to the same host: Chromium and Firefox match ws:/wss: of the page's own origin to
        // 'self' (CSP Level 3), which the browser test checks.
        csp.AddConnectSrc().Self();
        csp.AddObjectSrc().None();
        csp.AddFrameSrc().None();
        csp.AddBaseUri().Self();
        csp.AddFormAction().Self();
        csp.AddFrameAncestors().Self();
    }

    /// <summary>Every device and payment feature off: the app uses none of them.</summary>
    public static void ConfigurePermissions(PermissionsPolicyBuilder p)
    {
        p.AddAccelerometer().None();
        p.AddAutoplay().None();
        p.AddCamera().None();
        p.AddDisplayCapture().None();
        p.AddEncryptedMedia().None();
        p.AddFullscreen().None();
        p.AddGeolocation().None();
        p.AddGyroscope().None();
        p.AddHid().None();
        p.AddIdleDetection().None();
        p.AddMagnetometer().None();
        p.AddMicrophone().None();
        p.AddMidi().None();
        p.AddPayment().None();
        p.AddPictureInPicture().None();
        p.AddPublickeyCredentialsGet().None();
        p.AddScreenWakeLock().None();
        p.AddSerialPermissions().None();
        p.AddUsb().None();
        p.AddWebShare().None();
        p.AddXrSpatialTracking().None();
    }
}
