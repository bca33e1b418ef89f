"""One connector catalog on LeadSquared's staging portal or on its live portal.

The stack's config picks the portal: `environment` is `staging` or `live`, and
`region` is the data-centre region. Every LeadSquared API host a connector
calls comes from `api_base_url(region, environment)`, so each stack's
connectors call the hosts of its own environment.

The staging stack creates the connectors and submits them for LeadSquared's
review. The live stack creates none from scratch: it promotes each reviewed
staging connector, whose id it reads from the staging stack's outputs, and
declares only what differs on live: the API host and the status.
"""

import pulumi

from pulumi_leadsquared import (
    ActionArgs,
    Connector,
    Environment,
    Region,
    api_base_url,
)

config = pulumi.Config()
environment = Environment(config.require("environment"))
region = Region(config.require("region"))
api = api_base_url(region, environment)


def configuration_url(slug: str) -> str:
    """The connector's settings page, told which LeadSquared API host to call."""
    return f"https://connectors.example.com/{slug}/config?api={api}"


# What LeadSquared reviews on staging. The live stack leaves it out, so its
# promotion carries it over, with staging API hosts rewritten to live ones.
CATALOG = {
    "exotel-calls": {
        "name": "Exotel Calls",
        "description": "Click-to-call and call logging for leads through Exotel.",
        "category": "Telephony",
        "help_url": "https://connectors.example.com/exotel-calls/help",
        "actions": [
            ActionArgs(
                label="Call lead",
                type="Popup",
                callback_url="https://connectors.example.com/exotel-calls/call"
                f"?phone=@lead.phone&api={api}",
            )
        ],
    },
    "razorpay-links": {
        "name": "Razorpay Links",
        "description": "Payment links for leads, with payments on the timeline.",
        "category": "Payments",
        "support_url": "https://connectors.example.com/razorpay-links/support",
    },
}

if environment == Environment.STAGING:
    connectors = {
        key: Connector(
            key,
            **content,
            configuration_url=configuration_url(key),
            status="In Review",
            environment=environment,
            region=region,
        )
        for key, content in CATALOG.items()
    }
else:
    # With the file backend the staging stack is organization/<project>/staging;
    # with Pulumi Cloud it is <your-org>/<project>/staging.
    staging = pulumi.StackReference(config.require("stagingStack"))
    staging_ids = staging.require_output("connector_ids")

    def staging_id(key: str) -> pulumi.Output[str]:
        def pick(ids: dict[str, str]) -> str:
            if key not in ids:
                raise pulumi.RunError(
                    f"the staging stack has no connector '{key}' yet: run "
                    "`pulumi up` on staging, and wait for LeadSquared's review"
                )
            return ids[key]

        return staging_ids.apply(pick)

    connectors = {
        key: Connector(
            key,
            promote_from=staging_id(key),
            configuration_url=configuration_url(key),
            status="Published",
            environment=environment,
            region=region,
        )
        for key in CATALOG
    }

pulumi.export("connector_ids", {key: c.id for key, c in connectors.items()})
pulumi.export(
    "connectors",
    pulumi.Output.all(
        *[
            pulumi.Output.all(key, c.id, c.portal_status, c.api_base_url)
            for key, c in connectors.items()
        ]
    ).apply(
        lambda rows: [
            f"{key}: id {id_}, {status} on {environment}, calls {url}"
            for key, id_, status, url in rows
        ]
    ),
)
