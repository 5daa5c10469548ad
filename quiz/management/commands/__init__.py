"""create_demo_accounts and generate_activity."""
