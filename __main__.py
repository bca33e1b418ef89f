"""The quickstart catalog: a partner's connectors on the staging portal.

Each connector calls the LeadSquared API host of its own region; `make up`
creates them on the local portal emulator and prints their ids and statuses.
"""

import pulumi

from pulumi_leadsquared import ActionArgs, Connector, api_base_url


def host(region: str) -> str:
    return api_base_url(region, "staging")


catalog = [
    Connector(
        "exotel-calls",
        name="Exotel Calls",
        description="Click-to-call and call logging for leads through Exotel.",
        category="Telephony",
        configuration_url="https://connectors.example.com/exotel/config?api="
        + host("india"),
        help_url="https://connectors.example.com/exotel/help",
        features=[
            "Click to call from the lead page",
            "Call recordings on the timeline",
        ],
        actions=[
            ActionArgs(
                label="Call lead",
                type="Popup",
                callback_url="https://connectors.example.com/exotel/call?phone=@lead.phone",
            )
        ],
        status="Published",
        region="india",
    ),
    Connector(
        "twilio-sms",
        name="Twilio SMS",
        description="Send SMS to leads and log replies as activities.",
        category="SMS",
        configuration_url="https://connectors.example.com/twilio/config?api="
        + host("usa"),
        actions=[
            ActionArgs(
                label="Send SMS",
                type="Popup",
                callback_url="https://connectors.example.com/twilio/sms?to=@lead.phone",
                restricted_roles=["Marketing User"],
            )
        ],
        status="Published",
        region="usa",
    ),
    Connector(
        "whatsapp-chat",
        name="WhatsApp Chat",
        description="Chat with leads on WhatsApp from LeadSquared.",
        category="Chat",
        configuration_url="https://connectors.example.com/whatsapp/config?api="
        + host("singapore"),
        support_url="https://connectors.example.com/whatsapp/support",
        status="Published",
        region="singapore",
    ),
    Connector(
        "knowlarity-ivr",
        name="Knowlarity IVR",
        description="Route IVR calls to lead owners and capture missed calls.",
        category="Telephony",
        configuration_url="https://connectors.example.com/knowlarity/config?api="
        + host("india"),
        status="Draft",
        region="india",
    ),
    Connector(
        "mailgun-email",
        name="Mailgun Email",
        description="Transactional email with delivery events on the timeline.",
        category="Email",
        configuration_url="https://connectors.example.com/mailgun/config?api="
        + host("ireland"),
        actions=[
            ActionArgs(
                label="Open mail log",
                type="NewWindow",
                callback_url="https://connectors.example.com/mailgun/log?lead=@lead.id",
            )
        ],
        status="Published",
        region="ireland",
    ),
    Connector(
        "razorpay-payments",
        name="Razorpay Links",
        description="Create payment links for leads and track payment status.",
        category="Payments",
        configuration_url="https://connectors.example.com/razorpay/config?api="
        + host("india"),
        actions=[
            ActionArgs(
                label="Payment link",
                type="ApiCall",
                callback_url="https://connectors.example.com/razorpay/link?lead=@lead.id",
            )
        ],
        status="Draft",
        region="india",
    ),
]

pulumi.export(
    "connectors",
    pulumi.Output.all(
        *[pulumi.Output.all(c.name, c.id, c.portal_status) for c in catalog]
    ).apply(lambda rows: [f"{name}: id {id_}, {status}" for name, id_, status in rows]),
)
