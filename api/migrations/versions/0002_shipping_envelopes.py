"""Sealed shipping envelopes, stored under the shippingRef (keccak256) a deal commits.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 15:23:18.778905
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply the migration."""
    op.create_table(
        "shipping_envelopes",
        sa.Column("shipping_ref", sa.String(length=66), nullable=False),
        sa.Column("envelope", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("shipping_ref"),
    )


def downgrade() -> None:
    """Revert the migration."""
    op.drop_table("shipping_envelopes")
