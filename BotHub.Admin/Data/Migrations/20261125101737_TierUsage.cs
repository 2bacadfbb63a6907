using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BotHub.Admin.Data.Migrations
{
    /// <inheritdoc />
    public partial class TierUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BroadcastId",
                table: "QuotaUses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuotaUses_ChannelId_Day_BroadcastId",
                table: "QuotaUses",
                columns: new[] { "ChannelId", "Day", "BroadcastId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_QuotaUses_ChannelId_Day_BroadcastId",
                table: "QuotaUses");

            migrationBuilder.DropColumn(
                name: "BroadcastId",
                table: "QuotaUses");
        }
    }
}
